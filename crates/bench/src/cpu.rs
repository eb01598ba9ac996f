//! CPU time, so that results stay comparable on a machine whose cores other work shares:
//! wall-clock rates fall with the machine's load, rates per CPU second much less.

/// CPU time of the calling thread, in microseconds.
pub fn thread_us() -> u64 {
    clock_us(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time of this process (all threads), in microseconds.
pub fn process_us() -> u64 {
    clock_us(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn clock_us(clock: libc::clockid_t) -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; both clock ids exist on Linux.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return 0;
    }
    ts.tv_sec as u64 * 1_000_000 + ts.tv_nsec as u64 / 1000
}

/// User plus system CPU time of another process so far (from `/proc/<pid>/stat`), in
/// microseconds.
pub fn child_us(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; the fields after it start past the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After ')': state is field 3, so utime (14) and stime (15) are at indices 11 and 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    let ticks = if ticks > 0 { ticks as u64 } else { 100 };
    Some((utime + stime) * 1_000_000 / ticks)
}

#[cfg(test)]
mod tests {
    #[test]
    fn cpu_clocks_advance_and_proc_stat_parses() {
        let before = super::thread_us();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = std::hint::black_box(x.wrapping_add(i * i));
        }
        assert!(super::thread_us() > before);
        assert!(super::process_us() >= super::thread_us());
        assert!(super::child_us(std::process::id()).is_some());
        assert_eq!(super::child_us(u32::MAX), None);
    }
}
