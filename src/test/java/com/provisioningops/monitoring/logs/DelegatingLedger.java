package com.provisioningops.monitoring.logs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A ledger that passes everything to another, for tests that break one call. */
public class DelegatingLedger implements LogLedger {
  private final LogLedger inner;

  public DelegatingLedger(LogLedger inner) {
    this.inner = inner;
  }

  @Override
  public LogCursor cursor() {
    return inner.cursor();
  }

  @Override
  public Optional<LogCursor> replace(LogCursor expected, LogCursor next) {
    return inner.replace(expected, next);
  }

  @Override
  public Optional<LogCursor> commit(LogCursor expected, LogCursor next, Collection<LogTally> w) {
    return inner.commit(expected, next, w);
  }

  @Override
  public List<LogTally> journal(long journal) {
    return inner.journal(journal);
  }

  @Override
  public void clearJournal(long journal) {
    inner.clearJournal(journal);
  }

  @Override
  public Map<String, LogTally> jobLogs() {
    return inner.jobLogs();
  }

  @Override
  public Optional<LogTally> jobLog(String jobId) {
    return inner.jobLog(jobId);
  }

  @Override
  public List<String> save(Collection<LogTally> logs) {
    return inner.save(logs);
  }
}
