// Preloaded with `node --import` when /usr/bin/time is missing: reports the process's peak
// resident set size (worker threads included) on stderr when it exits. maxRSS is in KiB.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
