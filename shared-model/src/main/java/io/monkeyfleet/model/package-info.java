/**
 * The fleet's data contract: immutable records that check their own values (a record that
 * exists is valid), and the lifecycle transition table in
 * {@link io.monkeyfleet.model.NodeState}. No Spring, no Redis: every service and every
 * test builds these with {@code new}.
 */
package io.monkeyfleet.model;
