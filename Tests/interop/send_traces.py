"""Sends the scenario's traces to an OTLP/HTTP endpoint through the SDK's exporter
(protobuf, gzip): python send_traces.py http://127.0.0.1:PORT/v1/traces ROUNDS

The exporter reads its headers, such as the API key, from OTEL_EXPORTER_OTLP_HEADERS, as
any SDK does. Exits 1 when any export was refused."""
import sys

from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.sdk.trace.export import BatchSpanProcessor

import scenario
from counting_exporter import CountingExporter


endpoint, rounds = sys.argv[1], int(sys.argv[2])
tracers = scenario.providers(lambda provider: provider.add_span_processor(
    BatchSpanProcessor(CountingExporter(endpoint=endpoint, compression=Compression.Gzip, timeout=10))))
for index in range(rounds):
    scenario.checkout(tracers, failing_auth=(index % 5 == 4))
for provider in tracers.values():
    provider.force_flush()
    provider.shutdown()
if CountingExporter.failures:
    print(f"{CountingExporter.failures} exports refused")
    sys.exit(1)
print(f"sent {rounds} checkouts")
