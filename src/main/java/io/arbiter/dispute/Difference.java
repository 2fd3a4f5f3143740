package io.arbiter.dispute;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** One way the item that arrived differs from the listing ("not as described"). */
public record Difference(@Size(max = 100) String attribute, @NotBlank @Size(max = 1000) String listed,
                         @NotBlank @Size(max = 1000) String received) {
}
