/**
 * Shared kernel: money in minor units, the error types every module throws (mapped to RFC 9457
 * problem responses by the web module), and the page shape of list responses. Every module may use it;
 * it depends on nothing.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.arbiter.common;
