package io.arbiter.web;

import org.springframework.stereotype.Component;

import io.arbiter.common.PlainText;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/** Every string in a JSON request, values and map keys, is checked as {@link PlainText} before anything sees it. */
@Component
class PlainTextModule extends SimpleModule {

    PlainTextModule() {
        super("arbiter-plain-text");
        addDeserializer(String.class, new CheckedString());
        addKeyDeserializer(String.class, new CheckedKey());
    }

    /** Answered 400 naming the field, with the reason it carries. */
    static final class TextRefusedException extends DatabindException {
        TextRefusedException(JsonParser parser, String reason) {
            super(parser, reason);
        }
    }

    private static final class CheckedString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            if (text != null) {
                PlainText.problemIn(text).ifPresent(reason -> {
                    throw new TextRefusedException(parser, reason);
                });
            }
            return text;
        }
    }

    private static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) {
            PlainText.problemIn(key).ifPresent(reason -> {
                throw new TextRefusedException(context.getParser(), "a key " + reason);
            });
            return key;
        }
    }
}
