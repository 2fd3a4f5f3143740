package io.arbiter.common;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What one transaction has read or written, by key, kept until it ends: a store answers a second read of the same
 * row in the same transaction from here. Outside a transaction it holds nothing.
 */
public final class TransactionMemory<K, V> {

    public Optional<V> get(K key) {
        Map<K, V> held = held(false);
        return held == null ? Optional.empty() : Optional.ofNullable(held.get(key));
    }

    public void put(K key, V value) {
        Map<K, V> held = held(true);
        if (held != null) {
            held.put(key, value);
        }
    }

    public void forget(K key) {
        Map<K, V> held = held(false);
        if (held != null) {
            held.remove(key);
        }
    }

    private Map<K, V> held(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<K, V> held = (Map<K, V>) TransactionSynchronizationManager.getResource(this);
        if (held == null && create) {
            Map<K, V> created = new HashMap<>();
            held = created;
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(TransactionMemory.this);
                }
            });
        }
        return held;
    }
}
