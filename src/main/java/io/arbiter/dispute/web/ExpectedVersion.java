package io.arbiter.dispute.web;

import java.util.List;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.arbiter.common.InvalidInputException;
import io.swagger.v3.oas.models.parameters.HeaderParameter;

/**
 * The dispute version the caller last saw, from its {@code If-Match} header (the ETag of a dispute
 * response); {@code null} when the caller did not say. Acting on a stale version is answered 409.
 */
record ExpectedVersion(Long value) {

    static ExpectedVersion parse(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return new ExpectedVersion(null);
        }
        String value = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return new ExpectedVersion(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "If-Match must be the ETag of the dispute, such as \"3\"");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FromIfMatchHeader implements WebMvcConfigurer, HandlerMethodArgumentResolver {

        static {
            SpringDocUtils.getConfig().addRequestWrapperToIgnore(ExpectedVersion.class);
        }

        /** Documents the header in OpenAPI wherever an endpoint takes the expected version. */
        @Bean
        OperationCustomizer ifMatchHeader() {
            return (operation, handler) -> {
                for (MethodParameter parameter : handler.getMethodParameters()) {
                    if (supportsParameter(parameter)) {
                        operation.addParametersItem(new HeaderParameter().name(HttpHeaders.IF_MATCH).required(false)
                                .description("The ETag of the dispute you last saw; refused with 409 if it changed since"));
                    }
                }
                return operation;
            };
        }

        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(this);
        }

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return ExpectedVersion.class.equals(parameter.getParameterType());
        }

        @Override
        public ExpectedVersion resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                               NativeWebRequest request, WebDataBinderFactory binderFactory) {
            return parse(request.getHeader(HttpHeaders.IF_MATCH));
        }
    }
}
