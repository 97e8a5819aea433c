/**
 * Start-up behaviour every service shares: a failure Spring Boot understands (bad
 * configuration above all) is reported as one clear line, never a stack trace.
 */
package io.monkeyfleet.startup;
