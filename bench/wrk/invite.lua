-- wrk script: POST /v1/user/invite with a valid body (the API key matches bench/lib/backend.mjs).
wrk.method = "POST"
wrk.body = '{"referenceData":"order-bench","webhookUrl":"http://127.0.0.1:9/hooks/idv"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer bench_api_key_0123456789abcdef"
