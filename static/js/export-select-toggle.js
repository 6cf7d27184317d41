// The "Select all" box of django-import-export's export page, bound here instead of
// by an onchange attribute (see templates/admin/import_export/export.html).
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll("input.select-toggle")) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
