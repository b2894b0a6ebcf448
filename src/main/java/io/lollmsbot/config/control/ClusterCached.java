package io.lollmsbot.config.control;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A node's copy of rarely changing shared data (the tool policy, the skills), kept while the data's change counter in
 * PostgreSQL is the one read before the copy was loaded ({@link DatabaseConfigSource#changeCounter}, reloaded with the
 * settings): another node's change is seen within the settings' delay. A change made on this node drops the copy when
 * its transaction completes ({@link #changedBy}), so this node's next reader loads the committed data.
 */
public final class ClusterCached<T> {

    private record Copy<T>(long counter, long localChanges, T value) {}

    private final String counter;
    private final AtomicLong localChanges = new AtomicLong();
    private volatile Copy<T> copy;

    /** {@code counter}: the row of {@code change_counters} that the data's tables move forward. */
    public ClusterCached(String counter) {
        this.counter = counter;
    }

    /** The cached value, or what {@code load} reads when the counter moved (or nothing is cached yet). */
    public T get(Supplier<T> load) {
        long local = localChanges.get();
        long cluster = DatabaseConfigSource.changeCounter(counter);
        Copy<T> current = copy;
        if (current != null && current.counter() == cluster && current.localChanges() == local && cluster >= 0) {
            return current.value();
        }
        T value = load.get();
        copy = new Copy<>(cluster, local, value);
        return value;
    }

    /** Drops this node's copy now: the change has committed. */
    public void changed() {
        localChanges.incrementAndGet();
        DatabaseConfigSource.invalidateAll();
    }

    /** Drops this node's copy once the current transaction (which changed the data) has completed. */
    public void changedBy(TransactionSynchronizationRegistry transactions) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int status) {
                changed();
            }
        });
    }
}
