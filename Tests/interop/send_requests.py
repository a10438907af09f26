"""Sends the requests one service served, as SERVER spans through the SDK's OTLP/HTTP exporter:
python send_requests.py http://127.0.0.1:PORT/v1/traces SERVICE COUNT FAILED

FAILED of the COUNT spans end with status ERROR. The API key comes from
OTEL_EXPORTER_OTLP_HEADERS. Exits 1 when any export was refused."""
import sys

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

from counting_exporter import CountingExporter


endpoint, service, count, failed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
provider = TracerProvider(resource=Resource.create({"service.name": service}))
provider.add_span_processor(BatchSpanProcessor(CountingExporter(endpoint=endpoint, timeout=10), max_export_batch_size=512))
tracer = provider.get_tracer("requests")
for index in range(count):
    with tracer.start_as_current_span("query", kind=SpanKind.SERVER) as span:
        if index < failed:
            span.set_status(Status(StatusCode.ERROR, "connection slots exhausted"))
provider.force_flush()
provider.shutdown()
if CountingExporter.failures:
    print(f"{CountingExporter.failures} exports refused")
    sys.exit(1)
print(f"sent {count} requests of {service}, {failed} failed")
