"""A backend for deployment tests: answers every GET with its name, fails a given share of
requests with 500 (every n-th, so the share is exact), and, given an OTLP URL, reports each
request as a SERVER span of its service and version through the OpenTelemetry Python SDK.

Usage: backend.py NAME FAIL_RATIO [OTLP_URL SERVICE VERSION]; prints "ready PORT" once listening.
GET /health answers 503 while the file named by HEALTH_FILE exists, 200 otherwise.
"""
import os
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
from threading import Lock

name, fail_ratio = sys.argv[1], float(sys.argv[2])
tracer = None
if len(sys.argv) > 5:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.trace import SpanKind, Status, StatusCode

    provider = TracerProvider(resource=Resource.create({"service.name": sys.argv[4], "service.version": sys.argv[5]}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=sys.argv[3]), schedule_delay_millis=300))
    tracer = provider.get_tracer("backend")

every = round(1 / fail_ratio) if fail_ratio > 0 else 0
count = 0
lock = Lock()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        global count
        if self.path == "/health":
            unhealthy = os.path.exists(os.environ.get("HEALTH_FILE", "/nonexistent"))
            self.send_response(503 if unhealthy else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with lock:
            count += 1
            failing = every > 0 and count % every == 0
        status = 500 if failing else 200
        if tracer is not None:
            with tracer.start_as_current_span("GET /", kind=SpanKind.SERVER) as span:
                span.set_attribute("http.response.status_code", status)
                if failing:
                    span.set_status(Status(StatusCode.ERROR))
        body = name.encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("ready", server.server_address[1], flush=True)
server.serve_forever()
