"""Files citizens sent or staff exported (letter and application
attachments, survey exports) live in private storage and are served only
through views that checked who asks."""

from django.http import FileResponse, Http404


def private_file_response(field_file, *, content_type, filename, as_attachment=True):
    """Serve ``field_file`` to the one person allowed to see it: never stored
    by a cache, never content-sniffed; a file missing from storage is a 404."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
