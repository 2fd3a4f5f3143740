package io.arbiter.evidence;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import io.arbiter.evidence.inspection.ContentInspector;
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
    ContentInspector contentInspector() {
        return new ContentInspector(InspectionLimits.defaults());
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
