package io.arbiter.support;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Points every Spring test class tagged {@link PostgresTest} at a new PostgreSQL database, one per application
 * context rather than one per class: the customizers are all equal, so classes that differ in nothing else share a
 * cached context (and its migrated database) as their H2 twins do, where a {@code @DynamicPropertySource} per class
 * made each one boot and migrate its own.
 */
class PostgresContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, PostgresTest.class) ? new NewDatabase() : null;
    }

    /** Called once per context that is built (not per class that reuses it from the cache). */
    private static final class NewDatabase implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String url = PostgresDatabase.create();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("postgres-test-database",
                    Map.of("spring.datasource.url", url, "spring.datasource.username", PostgresDatabase.USER,
                            "spring.datasource.password", PostgresDatabase.PASSWORD)));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NewDatabase;
        }

        @Override
        public int hashCode() {
            return NewDatabase.class.hashCode();
        }
    }
}
