"""The smallest WSGI app, served like the portal: the ceiling for requests per second."""


def app(environ, start_response):
    body = b"hello"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
