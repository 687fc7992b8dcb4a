"""Uploads (logos, photos, agreement scans) are checked by content, name and size; anything
else is refused with a clear message and nothing is stored."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.uploads import RandomFileName, random_name
from core.validators import validate_document_upload, validate_image_upload
from people.models import Organisation, Person
from tests import factories
from tests.trust.admin_forms import admin_post


def image_bytes(fmt="PNG", size=(4, 3), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else 0).save(buffer, fmt)
    return buffer.getvalue()


PNG = image_bytes("PNG")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# --- the validators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", PNG),
        ("foto.JPG", image_bytes("JPEG")),
        ("foto.jpeg", image_bytes("JPEG")),
        ("anim.gif", image_bytes("GIF", mode="P")),
        ("bild.webp", image_bytes("WEBP")),
    ],
)
def test_real_images_pass(name, content):
    validate_image_upload(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("logo.png", b"this is not an image at all", "not_an_image"),  # fake image
        ("logo.png", HTML, "not_an_image"),
        ("logo.png", PDF, "not_an_image"),  # PDF disguised as image
        ("logo.png", b"", "not_an_image"),
        ("logo.png", PNG[:40], "not_an_image"),  # truncated
        ("logo.png", PNG[:-12] + b"\x00" * 12, "not_an_image"),  # broken checksum
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
         "not_an_image"),
        ("logo.gif", b"GIF89a/*\x00\x00\x00\x00*/=alert(1);//", "not_an_image"),  # GIF/JS polyglot
        ("logo.html", PNG + HTML, "extension_mismatch"),  # valid PNG, served as HTML by its name
        ("logo.jpg", PNG, "extension_mismatch"),
        ("logo", PNG, "extension_mismatch"),
        ("logo.bmp", image_bytes("BMP"), "not_an_image"),
        ("logo.tiff", image_bytes("TIFF"), "not_an_image"),
    ],
)  # fmt: skip
def test_bad_images_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload(name, content))
    assert error.value.code == code


def test_decompression_bomb_is_refused():
    bomb = image_bytes("PNG", size=(14000, 14000), mode="1")  # 196 Mpx, 24 KB on disk
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("bomb.png", bomb))
    assert error.value.code == "too_many_pixels"
    assert "weit mehr als 40 Megapixel" in error.value.messages[0]


# --- at most 40 megapixels, read from the header -------------------------------------------


def test_forty_megapixels_pass():
    validate_image_upload(upload("gross.png", image_bytes("PNG", size=(8000, 5000), mode="1")))


@pytest.mark.parametrize("size", [(8000, 5001), (9000, 5000), (20001, 2000)])
def test_more_than_forty_megapixels_are_refused_with_a_german_message(size):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("gross.png", image_bytes("PNG", size=size, mode="1")))
    assert error.value.code == "too_many_pixels"
    message = error.value.messages[0]
    assert f"{size[0]} × {size[1]} Pixel" in message
    assert "erlaubt sind höchstens 40 Megapixel" in message


def _gif_header(width: int, height: int) -> bytes:
    """A GIF that claims ``width`` × ``height`` and holds almost nothing: a decoder would
    allocate the full canvas."""
    screen = width.to_bytes(2, "little") + height.to_bytes(2, "little") + b"\x80\x00\x00"
    image = b"\x2c\x00\x00\x00\x00" + screen[:4] + b"\x00\x02\x02\x44\x01\x00"
    return b"GIF89a" + screen + b"\x00\x00\x00\xff\xff\xff" + image + b"\x3b"


def test_pixels_are_counted_from_the_header_before_any_decoding(monkeypatch):
    from PIL import ImageFile

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the image was decoded or verified before its size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(ImageFile.ImageFile, "verify", no_decoding)
    for name, content in [
        ("riesig.gif", _gif_header(65535, 1000)),  # 65.5 Mpx in 40 bytes
        ("gross.png", image_bytes("PNG", size=(9000, 5000), mode="1")),
    ]:
        with pytest.raises(ValidationError) as error:
            validate_image_upload(upload(name, content))
        assert error.value.code == "too_many_pixels", name


def test_oversized_image_is_refused_with_sizes_in_the_message(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    big = image_bytes("PNG", size=(300, 300), mode="RGB")
    big = big if len(big) > 1000 else big + b"\x00" * 1000
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload("big.png", big))
    assert error.value.code == "file_too_large"
    message = error.value.messages[0]
    assert "höchstens 1000" in message and "Bytes" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vertrag.pdf", PDF),
        ("vertrag.PDF", PDF),
        ("scan.png", PNG),
        ("scan.jpg", image_bytes("JPEG")),
    ],
)
def test_real_documents_pass(name, content):
    validate_document_upload(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("vertrag.pdf", b"PK\x03\x04 a zip or docx", "not_a_document"),
        ("vertrag.pdf", HTML, "not_a_document"),
        ("vertrag.pdf", b"  %PDF-1.4 not at the start", "not_a_document"),
        ("vertrag.pdf", b"", "not_a_document"),
        ("vertrag.html", PDF + HTML, "extension_mismatch"),  # PDF/HTML polyglot named .html
        ("vertrag.svg", PDF, "extension_mismatch"),
        ("vertrag.pdf", PNG, "extension_mismatch"),
        ("vertrag.exe", b"MZ\x90\x00", "not_a_document"),
    ],
)
def test_bad_documents_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_document_upload(upload(name, content))
    assert error.value.code == code


def test_oversized_document_is_refused(settings):
    settings.MAX_DOCUMENT_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_document_upload(upload("vertrag.pdf", PDF + b"0" * 200))
    assert error.value.code == "file_too_large"


def test_validator_leaves_the_file_readable_from_the_start():
    file = upload("logo.png", PNG)
    file.seek(10)
    validate_image_upload(file)
    assert file.tell() == 10
    file.seek(0)
    assert file.read() == PNG


# --- through the admin ----------------------------------------------------------------------


def _error_text(response) -> str:
    return " ".join(str(e) for e in response.context["adminform"].form.errors.values())


# The admin's image field runs Django's own image check first; its messages are clear too.
@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"not an image", "logo.png", "Die hochgeladene Datei ist kein Bild oder ist defekt"),
        (PDF, "logo.png", "Die hochgeladene Datei ist kein Bild oder ist defekt"),
        (PNG + HTML, "logo.html", "Dateiendung „html“ ist nicht erlaubt"),
        (PNG, "logo.jpg", "Der Dateiname endet auf „.jpg“, der Inhalt ist aber PNG"),
    ],
)
def test_admin_refuses_bad_logo_and_stores_nothing(editor_client, media_root, content, name,
                                                    expected):  # fmt: skip
    url = reverse("admin:people_organisation_add")
    response = admin_post(editor_client, url, name="Stadt Essen", logo=upload(name, content))
    assert response.status_code == 200
    assert expected in _error_text(response)
    assert expected in response.content.decode()
    assert not Organisation.objects.exists()
    assert not media_root.exists() or stored_files(media_root) == []


def test_admin_refuses_a_logo_over_forty_megapixels(editor_client, media_root):
    url = reverse("admin:people_organisation_add")
    big = upload("logo.png", image_bytes("PNG", size=(9000, 5000), mode="1"))
    response = admin_post(editor_client, url, name="Stadt Essen", logo=big)
    assert response.status_code == 200
    expected = "9000 × 5000 Pixel (45,0 Megapixel); erlaubt sind höchstens 40 Megapixel"
    assert expected in _error_text(response)
    assert not Organisation.objects.exists()
    assert not media_root.exists() or stored_files(media_root) == []


def test_admin_refuses_oversized_photo(editor_client, media_root, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 50
    url = reverse("admin:people_person_add")
    response = admin_post(editor_client, url, family_name="Kufen", photo=upload("p.png", PNG))
    assert response.status_code == 200
    assert "erlaubt sind höchstens 50" in _error_text(response)
    assert not Person.objects.exists()
    assert not media_root.exists() or stored_files(media_root) == []


def test_admin_refuses_disguised_agreement_document(editor_client, media_root):
    agreement = factories.make_agreement(
        parties=[factories.make_organisation(), factories.make_organisation()]
    )
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    response = admin_post(
        editor_client, url, title="Geändert", document=upload("mou.pdf", b"PK\x03\x04 docx")
    )
    assert response.status_code == 200
    assert "Bitte ein PDF-Dokument" in _error_text(response)
    agreement.refresh_from_db()
    assert agreement.title != "Geändert"
    assert not agreement.document
    assert not media_root.exists() or stored_files(media_root) == []


def test_admin_stores_a_valid_photo_and_serves_it_inert(editor_client, media_root):
    url = reverse("admin:people_person_add")
    polyglot = PNG + HTML  # a real PNG with HTML behind it
    response = admin_post(editor_client, url, family_name="Kufen", photo=upload("p.png", polyglot))
    assert response.status_code == 302, _error_text(response)
    person = Person.objects.get()
    assert stored_files(media_root) == [person.photo.name]
    served = editor_client.get(f"/media/{person.photo.name}")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_resaving_a_record_does_not_recheck_a_stored_file(editor_client, media_root):
    """The check runs when the file arrives; a later edit must not fail on a lost file."""
    url = reverse("admin:people_person_add")
    admin_post(editor_client, url, family_name="Kufen", photo=upload("p.png", PNG))
    person = Person.objects.get()
    (media_root / person.photo.name).unlink()
    change = reverse("admin:people_person_change", args=[person.pk])
    response = admin_post(editor_client, change, notes="neu")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notes == "neu"


def test_media_requires_login(client, db, media_root):
    (media_root / "photos").mkdir(parents=True)
    (media_root / "photos" / "p.png").write_bytes(PNG)
    response = client.get("/media/photos/p.png")
    assert response.status_code == 302


def test_media_is_refused_to_a_login_without_a_role(outsider_client, media_root):
    (media_root / "photos").mkdir(parents=True)
    (media_root / "photos" / "p.png").write_bytes(PNG)
    existing = outsider_client.get("/media/photos/p.png")
    missing = outsider_client.get("/media/photos/gibt-es-nicht.png")
    assert existing.status_code == missing.status_code == 403
    assert existing.content == missing.content


# --- stored names cannot be guessed from the upload's name ---------------------------------

RANDOM_NAME = re.compile(r"^(photos|logos|agreements)/[A-Za-z0-9_-]{22}\.(png|pdf|jpg)$")


def test_random_file_name_keeps_folder_and_extension():
    upload_to = RandomFileName("photos")
    names = {upload_to(None, "Thomas Kufen.JPG") for _ in range(50)}
    assert len(names) == 50
    assert all(RANDOM_NAME.match(name) and name.endswith(".jpg") for name in names)
    assert "Kufen" not in "".join(names)
    assert random_name("x.tar.gz<script>").count("<") == 0
    # Migrations can write it down, and two equal ones compare equal (no spurious migration).
    path, args, kwargs = upload_to.deconstruct()
    assert (path, args, kwargs) == ("core.uploads.RandomFileName", ("photos",), {})
    assert RandomFileName("photos") == upload_to != RandomFileName("logos")


def _stored(media_root, folder):
    return [name for name in stored_files(media_root) if name.startswith(folder + "/")]


def test_admin_stores_photo_and_logo_under_random_names(editor_client, media_root):
    for n in range(2):  # the same upload name twice: two different, unrelated names
        admin_post(
            editor_client, reverse("admin:people_person_add"), family_name="Kufen",
            photo=upload("thomas-kufen.png", PNG), confirm_new="on",  # a namesake, on purpose
        )  # fmt: skip
        admin_post(
            editor_client, reverse("admin:people_organisation_add"), name=f"Stadt Essen {n}",
            logo=upload("stadt-essen.png", PNG),
        )  # fmt: skip
    photos, logos = _stored(media_root, "photos"), _stored(media_root, "logos")
    assert len(set(photos)) == 2 and len(set(logos)) == 2
    assert all(RANDOM_NAME.match(name) for name in photos + logos), photos + logos
    assert sorted(Person.objects.values_list("photo", flat=True)) == sorted(photos)
    assert sorted(Organisation.objects.values_list("logo", flat=True)) == sorted(logos)
    served = editor_client.get(f"/media/{photos[0]}")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_admin_stores_agreement_scan_under_a_random_name(editor_client, media_root):
    agreement = factories.make_agreement(
        parties=[factories.make_organisation(), factories.make_organisation()]
    )
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    response = admin_post(editor_client, url, document=upload("mou-essen-koriyama.pdf", PDF))
    assert response.status_code == 302, _error_text(response)
    agreement.refresh_from_db()
    assert RANDOM_NAME.match(agreement.document.name), agreement.document.name
    assert stored_files(media_root) == [agreement.document.name]
    # Saving again keeps the stored file and its name.
    assert admin_post(editor_client, url, title="Neu").status_code == 302
    agreement.refresh_from_db()
    assert stored_files(media_root) == [agreement.document.name]


def test_pages_show_a_scaled_copy_served_by_role(editor_client, manager_client, outsider_client):
    """Issue 16, finding 6: no visitor's browser decodes the full upload."""
    big = image_bytes("PNG", size=(2400, 1200))
    response = admin_post(
        editor_client, reverse("admin:people_organisation_add"), name="Stadt Essen",
        logo=upload("logo.png", big),
    )  # fmt: skip
    assert response.status_code == 302, _error_text(response)
    organisation = Organisation.objects.get()
    page = manager_client.get(organisation.get_absolute_url()).content.decode()
    thumbnail = organisation.logo.name.replace(".png", ".thumb.png")
    assert f'src="/media/{thumbnail}"' in page
    assert f"/media/{organisation.logo.name}" not in page
    served = manager_client.get(f"/media/{thumbnail}")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as scaled:
        assert scaled.size == (480, 240)
    assert outsider_client.get(f"/media/{thumbnail}").status_code == 403
