-- Another story on every request, none of them cached (bench/run.py makes every page stale
-- before the run): the page cache's misses, as the long tail of a news site's archive has them.
-- STORY_PATHS names a file of story addresses, one per line, in no particular order.
local paths = {}
local n = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  for line in io.lines(os.getenv("STORY_PATHS")) do
    paths[#paths + 1] = line
  end
  -- Each of wrk's two threads walks its own half of the list.
  n = (thread_id - 1) * math.floor(#paths / 2)
end

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
