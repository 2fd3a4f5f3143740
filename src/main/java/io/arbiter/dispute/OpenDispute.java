package io.arbiter.dispute;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The buyer's claim: the reason, what is wrong, how many pieces, and the resolution wanted. */
public record OpenDispute(
        @NotBlank @Size(max = 100) String orderId,
        @NotNull DisputeReason reason,
        @NotBlank @Size(max = 5000) String description,
        @NotNull @Min(1) @Max(100000) Integer piecesAffected,
        @NotNull @Valid Resolution resolution,
        @Size(max = 50) List<@Valid Difference> differences,
        @Size(max = 5000) String statement,
        CustomsCause customsCause,
        @Size(max = 200) String carrierClaimReference) {

    /** A resolution as a party asks or offers it. {@code amount} in minor units, for a partial refund only. */
    public record Resolution(@NotNull ResolutionType type, @Min(1) Long amount, Boolean sellerPaysReturnShipping) {

        public Terms terms() {
            return new Terms(type, amount, Boolean.TRUE.equals(sellerPaysReturnShipping));
        }
    }
}
