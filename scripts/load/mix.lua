-- wrk script for `make load`: a mix of public pages, API reads and proposal-form
-- posts (a valid proposal, built by form_body.py). Counts answers by status so the report can tell expected 429s (the
-- contact point's rate limit) from errors. CSRF is the token run.sh fetched.
local csrf = os.getenv("LOAD_CSRF_TOKEN")
local form = os.getenv("LOAD_FORM_BODY")

local mix = {
  {"GET", "/it/"}, {"GET", "/en/"}, {"GET", "/it/partnerships/"},
  {"GET", "/en/partnerships/?city=milano&sort=title"}, {"GET", "/it/cities/"},
  {"GET", "/it/cities/milano/"}, {"GET", "/it/numbers/"}, {"GET", "/it/toolbox/"},
  {"GET", "/it/stakeholders/"}, {"GET", "/it/network/"},
  {"GET", "/api/v1/partnerships/"}, {"GET", "/api/v1/cities/"},
  {"GET", "/api/v1/partnerships/?city=milano"}, {"GET", "/api/v1/themes/"},
  {"POST", "/it/propose/"},
}
local requests = {}
for i, entry in ipairs(mix) do
  if entry[1] == "POST" then
    requests[i] = wrk.format("POST", entry[2], {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. csrf,
    }, form)
  else
    requests[i] = wrk.format("GET", entry[2])
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  statuses = {}
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  local limited = 0
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, status .. ": " .. count)
    if status == 429 then
      limited = limited + count
    elseif status >= 400 then
      errors = errors + count
    end
  end
  table.sort(parts)
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests/s: %.1f\n", summary.requests / seconds))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("p%d: %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write("statuses: " .. table.concat(parts, ", ") .. "\n")
  io.write(string.format("rate-limited (429, expected): %d\n", limited))
  io.write(string.format("errors: %d\n", errors))
end
