"""Pages in other languages: the OpenCC machine translator for 繁體中文 and
keeping the zh-hant translations in step with their zh-hans originals."""
