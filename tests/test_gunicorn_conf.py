"""gunicorn.conf.py: the server writes nothing outside the project's folder."""

import runpy
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent


def load_gunicorn_config() -> Config:
    """gunicorn's settings as `gunicorn -c gunicorn.conf.py` would read them."""
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_opens_no_control_socket_in_the_home_folder():
    assert load_gunicorn_config().control_socket_disable is True


def test_gunicorn_worker_heartbeat_files_stay_in_the_project_folder():
    worker_tmp_dir = Path(load_gunicorn_config().worker_tmp_dir)

    assert worker_tmp_dir.is_dir()
    assert worker_tmp_dir.resolve().is_relative_to(ROOT)


def test_gunicorn_worker_heartbeat_folder_can_be_moved(monkeypatch, tmp_path):
    monkeypatch.setenv("GUNICORN_WORKER_TMP_DIR", str(tmp_path))

    assert load_gunicorn_config().worker_tmp_dir == str(tmp_path)
