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


def attachment_response(attachments, pk, *, as_attachment=None):
    """Serve the attachment ``pk`` of ``attachments`` (a letter's, an
    application's); a 404 when there is none. ``as_attachment(item)`` decides
    download or inline (default: download)."""
    item = attachments.filter(pk=pk).first()
    if item is None:
        raise Http404
    return private_file_response(
        item.file,
        content_type=item.content_type,
        filename=item.original_name,
        as_attachment=True if as_attachment is None else as_attachment(item),
    )
