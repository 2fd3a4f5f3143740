package io.arbiter.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.catalina.Host;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.json.JsonMapper;

/**
 * Refusals made before a controller runs are problem documents too: those sent to {@code /error} (a request the
 * security firewall rejects, a query Tomcat cannot decode while a filter reads it) and those Tomcat writes itself (a
 * request line or path it cannot decode), which were HTML. Pages asking for HTML still get the error page.
 */
// Only with a web server: a command (audit verify, admin create) runs without one, and without ErrorAttributes.
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
class ErrorResponses {

    @Bean
    BasicErrorController basicErrorController(ErrorAttributes attributes, WebProperties web,
                                              ObjectProvider<ErrorViewResolver> views) {
        return new ProblemErrorController(attributes, web.getError(), views.orderedStream().toList());
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemReports(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            // Tomcat then adds no HTML report valve of its own; the valve added last reports first.
            ((StandardHost) host).setErrorReportValveClass(ProblemReportValve.class.getName());
            host.getPipeline().addValve(new ProblemReportValve(json));
        });
    }

    static ProblemDetail refusal(HttpStatus status, String reason) {
        if (status.is5xxServerError()) {
            return ProblemHandling.problem(status, "Internal error",
                    "Something went wrong on our side; nothing was changed by this request");
        }
        ProblemDetail problem = ProblemHandling.problem(status, status.getReasonPhrase(), reason);
        problem.setProperty("errors", List.of(new ProblemHandling.FieldProblem("request", reason)));
        return problem;
    }

    static final class ProblemErrorController extends BasicErrorController {

        ProblemErrorController(ErrorAttributes attributes, ErrorProperties properties, List<ErrorViewResolver> views) {
            super(attributes, properties, views);
        }

        @Override
        public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            HttpStatus status = getStatus(request);
            if (status == HttpStatus.NO_CONTENT) {
                return new ResponseEntity<>(status);
            }
            Map<String, Object> attributes = getErrorAttributes(request, ErrorAttributeOptions.of(
                    ErrorAttributeOptions.Include.MESSAGE, ErrorAttributeOptions.Include.PATH));
            Object message = attributes.get("message");
            ProblemDetail problem = refusal(status, message == null || message.toString().isBlank()
                    ? status.getReasonPhrase() : message.toString());
            if (attributes.get("path") != null) {
                problem.setInstance(URI.create(String.valueOf(attributes.get("path")).replace(" ", "%20")
                        .replaceAll("[^\\x21-\\x7e]", "")));
            }
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemHandling.asMap(problem));
        }
    }

    /** Tomcat's own refusals (the request never reached the application), as problem documents. */
    static final class ProblemReportValve extends ErrorReportValve {

        private final JsonMapper json;

        ProblemReportValve(JsonMapper json) {
            this.json = json;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            HttpStatus status = HttpStatus.resolve(code);
            if (code < 400 || status == null || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            String reason = response.getMessage() == null || response.getMessage().isBlank()
                    ? status.getReasonPhrase() : response.getMessage();
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                PrintWriter writer = response.getReporter();
                if (writer != null) {
                    writer.write(json.writeValueAsString(ProblemHandling.asMap(refusal(status, reason))));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response was taken meanwhile: nothing more to tell.
            }
        }
    }
}
