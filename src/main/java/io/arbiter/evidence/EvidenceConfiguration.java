package io.arbiter.evidence;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.arbiter.evidence.inspection.ContentInspector;
import io.arbiter.evidence.inspection.HeifDecoder;
import io.arbiter.evidence.inspection.InspectionLimits;
import io.arbiter.evidence.inspection.Thumbnails;
import jakarta.servlet.MultipartConfigElement;

/**
 * The evidence limits decide how large a multipart request may be (the largest kind's limit, plus room for the
 * form fields); each part is written to disk as it arrives, never held in memory.
 */
@Configuration
@EnableConfigurationProperties(EvidenceProperties.class)
class EvidenceConfiguration {

    @Bean
    ContentInspector contentInspector(@Value("${arbiter.evidence.heif-decoder:auto}") String heifDecoder,
                                      @Value("${arbiter.evidence.heif-decoder-timeout:30s}") Duration timeout,
                                      @Value("${arbiter.evidence.heif-decoder-memory:1GB}") DataSize memory,
                                      @Value("${arbiter.evidence.heif-decoder-concurrency:0}") int concurrency,
                                      EvidenceProperties properties) {
        InspectionLimits limits = InspectionLimits.defaults();
        // The decoded JPEG: 3 bytes per pixel of the largest picture accepted bounds it, whatever its compression.
        long output = 3 * limits.maxImagePixels();
        int concurrent = concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
        return new ContentInspector(limits, HeifDecoder.configured(heifDecoder, timeout, memory.toBytes(), output,
                concurrent), properties.thumbnailSize());
    }

    @Bean
    Thumbnails thumbnails() {
        return new Thumbnails();
    }

    @Bean
    MultipartConfigElement multipartConfig(EvidenceProperties properties) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        DataSize largest = DataSize.ofBytes(properties.limits().largest());
        factory.setMaxFileSize(largest);
        factory.setMaxRequestSize(DataSize.ofBytes(largest.toBytes() + DataSize.ofMegabytes(1).toBytes()));
        factory.setFileSizeThreshold(DataSize.ofBytes(0));
        return factory.createMultipartConfig();
    }
}
