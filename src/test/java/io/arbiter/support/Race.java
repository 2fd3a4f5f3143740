package io.arbiter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.arbiter.support.Api.Response;

/** Real concurrent requests: each call on its own thread, all released at the same moment. */
public final class Race {

    private Race() {
    }

    /** The responses in the order of the calls; fails if the server answered any of them with a 5xx. */
    public static List<Response> run(List<Callable<Response>> calls) throws Exception {
        List<Response> responses = together(calls);
        assertThat(responses).as("no request may fail on the server: %s", responses)
                .noneMatch(r -> r.status() >= 500);
        return responses;
    }

    /** The results in the order of the calls; a call that throws fails the race with its exception as cause. */
    public static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CyclicBarrier start = new CyclicBarrier(calls.size());
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
