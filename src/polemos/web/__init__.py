"""The web view and HTTP API: polemos.web.app.create_app and serve."""
