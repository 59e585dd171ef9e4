-- Rotate through representative Indonesian queries so each request searches afresh.
local queries = {"patroli", "keamanan+warga", "banjir", "narkoba+tersangka", "hoaks+media+sosial",
  "lalu+lintas", "pemilu", "bakti+sosial", "pencurian", "sekolah+pelajar"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/cari/?q=" .. queries[(n % #queries) + 1])
end
