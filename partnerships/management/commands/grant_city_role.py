"""`grant_city_role USER CITY ROLE`: give a user a role in a city (CITY "-" or "all" for a
network administrator)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partnerships.models import City, CityRole
from partnerships.roles import city_role_grant

ALL_CITIES = ("-", "all")


class Command(BaseCommand):
    help = (
        f"Give a user a role in a city. Roles: {', '.join(CityRole.Role.values)}. "
        'For a network_admin the city is "-" or "all".'
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("city", help='city slug, or "-"/"all" for a network administrator')
        parser.add_argument("role", help=", ".join(CityRole.Role.values))

    def handle(self, *args, username: str, city: str, role: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(**{user_model.USERNAME_FIELD: username})
        except user_model.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None
        if role not in CityRole.Role.values:
            raise CommandError(
                f"Unknown role “{role}”: use one of {', '.join(CityRole.Role.values)}."
            )
        target_city = None
        if city not in ALL_CITIES:
            target_city = City.objects.filter(slug=city).first()
            if target_city is None:
                raise CommandError(f"No city with slug “{city}”.")
        try:
            city_role = city_role_grant(user=user, city=target_city, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Granted: {city_role}"))
