-- wrk script for bench/side-by-side.sh.
--
-- WRK_TARGETS (space-separated addresses): thread k connects to address k mod n, so the direct
-- path can spread its load over the three real servers the balancers spread theirs over (the
-- Host header keeps the URL's). Unset: every thread uses the URL's host.
-- WRK_JSON (a file): done() writes the run's figures there as one JSON object; latencies in µs.

local counter = 0
local targets = {}

for host in string.gmatch(os.getenv("WRK_TARGETS") or "", "%S+") do
  for _, addr in ipairs(wrk.lookup(host, tostring(wrk.port or 80))) do
    table.insert(targets, addr)
  end
end

function setup(thread)
  if #targets > 0 then
    thread.addr = targets[(counter % #targets) + 1]
  end
  counter = counter + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  local out = string.format(
    '{"duration_us":%d,"requests":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"mean":%.1f,"max":%d}}',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.mean, latency.max)
  local path = os.getenv("WRK_JSON")
  if path then
    local f = assert(io.open(path, "w"))
    f:write(out, "\n")
    f:close()
  else
    io.write(out, "\n")
  end
end
