package io.arbiter.order;

import java.util.List;
import java.util.Map;

import io.arbiter.common.Json;

/** A line of an order with the listing as the buyer saw it when buying. */
record OrderLine(String sku, String title, String description, int quantity, long unitPrice,
                 String attributes, String imageUrls) {

    static OrderLine of(String sku, String title, String description, int quantity, long unitPrice,
                        Map<String, String> attributes, List<String> imageUrls) {
        return new OrderLine(sku, title, description, quantity, unitPrice,
                Json.write(attributes == null ? Map.of() : attributes),
                Json.write(imageUrls == null ? List.of() : imageUrls));
    }

    Map<String, String> attributeMap() {
        return Json.readStringMap(attributes);
    }

    List<String> imageUrlList() {
        return Json.readStringList(imageUrls);
    }
}
