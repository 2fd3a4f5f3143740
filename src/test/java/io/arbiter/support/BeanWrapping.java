package io.arbiter.support;

import java.util.function.UnaryOperator;

import org.springframework.beans.factory.config.BeanPostProcessor;

/** How test support counts what the application does: it wraps one of the application's beans. */
final class BeanWrapping {

    private BeanWrapping() {
    }

    /** Hands the bean of that name and type to {@code wrapper}, before anything that uses it is made. */
    static <T> BeanPostProcessor wrap(String name, Class<T> type, UnaryOperator<T> wrapper) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return type.isInstance(bean) && name.equals(beanName) ? wrapper.apply(type.cast(bean)) : bean;
            }
        };
    }
}
