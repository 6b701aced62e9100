package com.provisioningops.adapter.storage;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.models.TableEntity;
import com.provisioningops.monitoring.jobs.StorageTraffic;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Counts this instance's table requests (a pipeline policy on the table client) and the entities
 * the job registry's and alert store's listings return ({@link #counted}), for the runs that state
 * their storage traffic.
 */
public final class TableTraffic implements HttpPipelinePolicy {
  /** The one meter of the instance: every table client of the app carries it. */
  public static final TableTraffic INSTANCE = new TableTraffic();

  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong entities = new AtomicLong();

  private TableTraffic() {}

  /** The totals so far. */
  public StorageTraffic total() {
    return new StorageTraffic(reads.get(), writes.get(), entities.get());
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    count(context);
    return next.process();
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    count(context);
    return next.processSync();
  }

  private void count(HttpPipelineCallContext context) {
    // Retries pass here again: each try is a request the account serves and bills.
    (context.getHttpRequest().getHttpMethod() == HttpMethod.GET ? reads : writes).incrementAndGet();
  }

  /** The listing, counting each entity as it is read. */
  static Iterable<TableEntity> counted(Iterable<TableEntity> listing) {
    return () -> {
      Iterator<TableEntity> it = listing.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public TableEntity next() {
          TableEntity e = it.next();
          INSTANCE.entities.incrementAndGet();
          return e;
        }
      };
    };
  }
}
