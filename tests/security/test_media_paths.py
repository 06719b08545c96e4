"""Issue 14, hole 1: ``/media/%2e%2e/media/documents/<private>.pdf`` served log-in-only documents, certificate
PDFs and H5P files to anyone. ``lms.views.media_path_is_public`` decides on the file that would be opened (``..``
and links resolved), refuses every ``..`` however it is spelled, and is proved here through the Django test client
and through real gunicorn workers (raw request paths, no client-side normalisation)."""

from __future__ import annotations

from pathlib import Path

from lms.views import media_path_is_public
from tests.security.live_gunicorn import embedded_env, gunicorn_server, raw_get

SECRET = b"%PDF-1.4\nprivate\n"
PUBLIC = b"\x89PNG\r\n\x1a\npublic"


def _plant(media: Path) -> None:
    """A private document, certificate PDF, H5P file and export, and one public image."""
    for relative in ("documents/rieng.pdf", "certificates/pdf/x.pdf", "h5p/content/1/a.pdf", "exports/e.pdf"):
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_bytes(SECRET)
    (media / "original_images").mkdir(parents=True, exist_ok=True)
    (media / "original_images" / "a.png").write_bytes(PUBLIC)


def _attacks(root_name: str) -> list[str]:
    """Ways of naming media/documents/rieng.pdf through a parent or a neighbour folder."""
    attacks = []
    for private in ("documents/rieng.pdf", "certificates/pdf/x.pdf", "h5p/content/1/a.pdf", "exports/e.pdf"):
        attacks += [
            f"/media/%2e%2e/{root_name}/{private}",  # the reported one
            f"/media/%2E%2E/{root_name}/{private}",
            f"/media/.%2e/{root_name}/{private}",
            f"/media/%252e%252e/{root_name}/{private}",  # double-encoded
            f"/media/original_images/%2e%2e/{private}",
            f"/media/original_images/%252e%252e/{private}",
            f"/media/original_images/..%2f{private}",
            f"/media/original_images/..%252f{private}",
            f"/media/original_images%2f..%2f{private}",
            f"/media/original_images/..%5c{private}",  # backslash
            f"/media/original_images%5c..%5c{private}",
            f"/media/original_images/%255c..%255c{private}",
            f"/media/./{private}",
            f"/media/%2e/{private}",
            f"/media//{private}",
            f"/media/{private}",
            f"/media/{private.upper()}",
        ]
    return attacks


def test_the_rule_on_decoded_paths(settings):
    media = Path(settings.MEDIA_ROOT)
    _plant(media)
    root = media.name
    for path in (f"../{root}/documents/rieng.pdf", "original_images/../documents/rieng.pdf", "%2e%2e/x",
                 "original_images\\..\\documents\\rieng.pdf", "documents/rieng.pdf", "Documents/rieng.pdf",
                 "./documents/rieng.pdf", "original_images/%2e%2e/documents/rieng.pdf", "a\0b", "", "/",
                 "../../etc/passwd", "%252e%252e/x"):
        assert not media_path_is_public(path), path
    assert media_path_is_public("original_images/a.png")


def test_a_link_out_of_a_public_folder_is_refused(settings):
    media = Path(settings.MEDIA_ROOT)
    _plant(media)
    (media / "original_images" / "link.pdf").symlink_to(media / "documents" / "rieng.pdf")
    assert not media_path_is_public("original_images/link.pdf")


def test_test_client_gets_404_for_every_spelling(client, settings, db):
    media = Path(settings.MEDIA_ROOT)
    _plant(media)
    for attack in _attacks(media.name):
        response = client.get(attack)
        assert response.status_code == 404, attack
    response = client.get("/media/original_images/a.png")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PUBLIC


def test_gunicorn_refuses_every_spelling(tmp_path):
    """The real stack: gunicorn decodes the request line itself before Django sees it."""
    env = embedded_env(tmp_path, SERVE_MEDIA="1")
    media = Path(env["MEDIA_ROOT"])
    _plant(media)
    with gunicorn_server(tmp_path, workers=1, env=env) as base:
        assert raw_get(base, "/media/original_images/a.png") == (200, PUBLIC)
        leaks = []
        for attack in [*_attacks(media.name), "/media/../media/documents/rieng.pdf",
                       "/media/original_images/../documents/rieng.pdf", "/media/original_images\\..\\documents/rieng.pdf"]:
            status, body = raw_get(base, attack)
            if status == 200 or SECRET in body:
                leaks.append((attack, status))
        assert leaks == []
