-- POST a distinct guest comment on every request (so none is refused as a duplicate).
-- CSRF_COOKIE, CSRF_TOKEN and FORM_TOKEN come from bench/run.py, read off the live server.
local cookie = os.getenv("CSRF_COOKIE")
local csrf = os.getenv("CSRF_TOKEN")
local form_token = os.getenv("FORM_TOKEN")
local counter = 0
local threads = 0

-- setup() runs in the main Lua state; thread:set makes `thread_id` a global of that thread.
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_id)
end

request = function()
  counter = counter + 1
  local n = tostring(thread_id) .. "-" .. tostring(counter) .. "-" .. tostring(math.random(1, 1e9))
  local body = "comment=Terima+kasih+informasinya+" .. n ..
    "&name=Pembaca+Bench&email=bench" .. n .. "%40example.id&website=" ..
    "&token=" .. form_token .. "&csrfmiddlewaretoken=" .. csrf
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "csrftoken=" .. cookie
  return wrk.format("POST", wrk.path, headers, body)
end
