-- wrk script for make bench: POST /api/v1/reads, every request a
-- distinct plate read.  Two modes:
--
-- saturation (INGEST_RATE unset): each connection sends its next read as
--   soon as the answer to the last one is in; wrk's own figures count.
--
-- paced (INGEST_RATE=R): reads are offered at R per second in total, on a
--   fixed schedule: run with as many threads as connections (-tN -cN), so
--   that each thread, and its Lua state, is one connection sending one
--   read every N/R seconds (the threads' schedules staggered).  Latency
--   is taken from the time a read was due, not from when it went out: a
--   read held back by a slow answer before it on its connection counts
--   the wait (no coordinated omission on one connection; the schedule is
--   per connection, so a connection stuck behind a slow answer falls
--   behind and the achieved rate shows it).  wrk's timers have 1 ms
--   steps: a read that goes out early is timed from when it went out.
--   At the end the script prints one line:
--     paced OFFERED ACHIEVED P50_MS P99_MS MAX_MS COUNT NOT_200
--
--   INGEST_KEYS  "LANE:KEY LANE:KEY ...": the device keys and their lanes
--   INGEST_RUN   a small number, different for each wrk run of one bench,
--               so that runs do not repeat each other's plates
--
--   INGEST_PAIRS "1": the keys come in pairs, an entry lane's and an exit
--               lane's (the decision-heavy profile: parking sessions).
--               A read on an exit lane is of the plate its entry lane
--               read INGEST_LAG (default 50) reads before, so sessions
--               open and close; paced, exit thread tid follows entry
--               thread tid - 1.
--
-- wrk's Lua does not see which connection a request goes out on, so in
-- saturation mode the devices (key and lane) take turns request by
-- request rather than one per connection; in paced mode each connection
-- is one device.  Plates are "HB-XY N": X from the run and the thread, Y
-- and N from a per-thread counter, so every read of one bench is a
-- different plate (26 * 9999 per thread and run).

local keys = {}
local letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
local run = 0

-- The first letter of thread t's plates in this run.
local function letter_of(t)
	local i = (run * 8 + t) % 26 + 1
	return string.sub(letters, i, i)
end
local n = 0
local first
local headers = { ["Content-Type"] = "application/json" }
local rate = tonumber(os.getenv("INGEST_RATE") or "")
local pairs_mode = os.getenv("INGEST_PAIRS") == "1"
local lag = tonumber(os.getenv("INGEST_LAG") or "50")
local nin = 0 -- entries read (pairs, saturation)

local threads = {}
local nthreads = 0

function setup(thread)
	thread:set("tid", nthreads)
	nthreads = nthreads + 1
	table.insert(threads, thread)
end

function init(args)
	for lane, key in string.gmatch(os.getenv("INGEST_KEYS") or "",
	    "(%d+):(%S+)") do
		table.insert(keys, { lane = tonumber(lane),
		    auth = "Bearer " .. key })
	end
	if #keys == 0 then
		error("INGEST_KEYS is empty")
	end
	run = tonumber(os.getenv("INGEST_RUN") or "0")
	first = letter_of(tid or 0)
end

local function read()
	n = n + 1
	-- Paced: one device per thread (= connection); else take turns.
	local i = (rate and (tid or 0) or n) % #keys
	local k = keys[i + 1]
	local f, m = first, n
	if pairs_mode and i % 2 == 1 then
		-- An exit: the plate its entry lane read lag reads ago.
		if rate then
			f = letter_of((tid or 1) - 1)
		end
		m = (rate and n or nin) - lag
		if m < 1 then
			m = 500000 + n -- nobody came in with this one
		end
	elseif pairs_mode and not rate then
		nin = nin + 1
		m = nin
	end
	local y = math.floor(m / 9999) % 26 + 1
	local body = string.format('{"kind":"plate","lane":%d,' ..
	    '"text":"HB-%s%s %d","country":"D","confidence":0.9,' ..
	    '"captured_at":"%s"}', k.lane, f,
	    string.sub(letters, y, y), m % 9999 + 1,
	    os.date("!%Y-%m-%dT%H:%M:%SZ"))
	headers["Authorization"] = k.auth
	return wrk.format("POST", "/api/v1/reads", headers, body)
end

if not rate then
	request = read
	return
end

-- --- paced mode ---------------------------------------------------------

local ffi = require("ffi")
ffi.cdef [[
struct bench_timespec { long tv_sec; long tv_nsec; };
int clock_gettime(int, struct bench_timespec *);
]]
local ts = ffi.new("struct bench_timespec")
local CLOCK_MONOTONIC = 1

local function now()
	ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
	return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local interval -- seconds between this connection's reads
local due_next, due, started
lat = {} -- microseconds, one per answer; read by done()
not_200 = 0

-- Called before every request, the first one included.
function delay()
	local t = now()
	if not interval then
		local conns = tonumber(os.getenv("INGEST_CONNS") or "1")
		interval = conns / rate
		-- Stagger the connections over one interval.
		due_next = t + interval * (tid or 0) / conns
	end
	due = due_next
	due_next = due_next + interval
	local ms = (due - t) * 1000
	if ms <= 0 then
		return 0
	end
	return math.floor(ms)
end

function request()
	local t = now()
	if due and due < t then
		started = due
	else
		started = t
	end
	return read()
end

first_bad = "" -- the first answer that was not 200, for the report

function response(status, hdrs, body)
	lat[#lat + 1] = (now() - started) * 1e6
	if status ~= 200 then
		not_200 = not_200 + 1
		if first_bad == "" then
			first_bad = status .. " " .. string.sub(body or "", 1, 200)
		end
	end
end

function done(summary, latency, requests)
	local all, bad = {}, 0
	for _, t in ipairs(threads) do
		for _, v in ipairs(t:get("lat")) do
			all[#all + 1] = v
		end
		bad = bad + t:get("not_200")
		if t:get("first_bad") ~= "" then
			io.write("not 200: " .. t:get("first_bad") .. "\n")
		end
	end
	table.sort(all)
	local function pct(p)
		if #all == 0 then
			return 0
		end
		return all[math.max(1, math.ceil(#all * p))] / 1000
	end
	io.write(string.format("paced %d %.1f %.3f %.3f %.3f %d %d\n", rate,
	    #all / (summary.duration / 1e6), pct(0.50), pct(0.99),
	    pct(1.0), #all, bad))
end
