"""Writes one ExportTraceServiceRequest, encoded by the OpenTelemetry SDK itself, for the
decoder tests: Tests/SextantWireTests/Fixtures/python-sdk-export.pb.

    python export_fixture.py OUTPUT   # in a venv with opentelemetry-sdk and -exporter-otlp-proto-http
"""
import sys

from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

import scenario


class Collect(SpanExporter):
    def __init__(self):
        self.spans = []

    def export(self, spans):
        self.spans.extend(spans)
        return SpanExportResult.SUCCESS


collector = Collect()
tracers = scenario.providers(lambda provider: provider.add_span_processor(SimpleSpanProcessor(collector)))
scenario.checkout(tracers, failing_auth=False)
scenario.checkout(tracers, failing_auth=True)
with open(sys.argv[1], "wb") as output:
    output.write(encode_spans(collector.spans).SerializeToString())
print(f"{len(collector.spans)} spans")
