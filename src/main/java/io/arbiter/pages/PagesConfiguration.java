package io.arbiter.pages;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.arbiter.identity.UserDirectory;

@Configuration(proxyBeanMethods = false)
class PagesConfiguration implements WebMvcConfigurer {

    private final PageModel pageModel;

    PagesConfiguration(PageModel pageModel) {
        this.pageModel = pageModel;
    }

    @Bean
    UserLocaleResolver localeResolver(UserDirectory users) {
        return new UserLocaleResolver(users);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(pageModel).excludePathPatterns("/api/**");
    }
}
