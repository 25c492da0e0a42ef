"""The Batch API's jobs: ``base`` (states and records), ``batches_sql`` (the store: jobs, items,
leases), ``worker`` (the background pool that runs items at a lower priority than interactive
requests). The wire side lives in :mod:`openbanana.api.gemini.batches_adapter`."""
