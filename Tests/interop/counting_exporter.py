"""The SDK's OTLP/HTTP span exporter, counting the exports that did not succeed."""
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import SpanExportResult


class CountingExporter(OTLPSpanExporter):
    failures = 0

    def export(self, spans):
        result = super().export(spans)
        if result != SpanExportResult.SUCCESS:
            CountingExporter.failures += 1
        return result
