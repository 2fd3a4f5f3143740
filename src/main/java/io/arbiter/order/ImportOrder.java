package io.arbiter.order;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** What the marketplace sends to create or update an order. Amounts are integers in minor units. */
public record ImportOrder(
        @NotNull @Valid Party buyer,
        @NotNull @Valid Party seller,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @NotNull @PositiveOrZero Long total,
        @NotNull @PositiveOrZero Long paid,
        @NotNull Instant placedAt,
        Instant promisedDeliveryBy,
        @Valid ShipmentInfo shipment,
        @NotEmpty @Size(max = 200) List<@Valid Line> lines) {

    public record Party(@NotBlank @Size(max = 100) String id, @Size(max = 200) String name,
                        @Email @Size(max = 320) String email) {
    }

    public record ShipmentInfo(@Size(max = 100) String carrier, @Size(max = 100) String trackingNumber,
                               Instant shippedAt, Instant deliveredAt, @Size(max = 500) List<@Valid TrackingUpdate> events) {
    }

    public record TrackingUpdate(@NotNull TrackingStatus status, @NotNull Instant at, @Size(max = 200) String location,
                                 @Size(max = 1000) String description) {
    }

    public record Line(@Size(max = 100) String sku, @NotBlank @Size(max = 500) String title,
                       @Size(max = 10000) String description,
                       @NotNull @Min(1) @Max(100000) Integer quantity, @NotNull @PositiveOrZero Long unitPrice,
                       @Size(max = 50) Map<@NotBlank @Size(max = 100) String, @Size(max = 500) String> attributes,
                       @Size(max = 20) List<@NotBlank @Size(max = 2000) String> imageUrls) {
    }
}
