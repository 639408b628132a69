// ReDoc over this server's OpenAPI document (a file, not an inline script: the page's policy allows none).
Redoc.init("/openapi.json", { hideDownloadButton: false }, document.getElementById("redoc"));
