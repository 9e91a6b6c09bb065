"""The Django project: settings, urls, wsgi."""
