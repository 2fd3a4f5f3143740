package io.arbiter.deadline.web;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.arbiter.deadline.DemoTime;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** Demo mode only (absent otherwise, so 404): an admin moves the clock forward to watch due times pass. */
@RestController
@RequestMapping("/api/v1/admin/clock")
@ConditionalOnBooleanProperty("arbiter.demo.enabled")
@Tag(name = "Demo")
class DemoClockController {

    private final DemoTime time;

    DemoClockController(DemoTime time) {
        this.time = time;
    }

    record Advance(@NotNull Duration advanceBy) {
    }

    @GetMapping
    @Operation(summary = "The demo clock: its time and how far it is ahead of real time (admin, demo mode only)")
    DemoTime.Moved now() {
        return time.now();
    }

    @PostMapping
    @Operation(summary = "Move the demo clock forward (ISO-8601, such as P2D) and let what became due fire (admin,"
            + " demo mode only)")
    DemoTime.Moved advance(@Valid @RequestBody Advance body) {
        return time.advance(body.advanceBy());
    }
}
