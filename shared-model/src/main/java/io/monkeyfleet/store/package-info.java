/**
 * The fleet's state in Redis. {@link io.monkeyfleet.store.KeySchema} spells every key,
 * {@link io.monkeyfleet.store.FleetCodec} turns records into JSON and back (refusing
 * malformed data), {@link io.monkeyfleet.store.FleetStore} reads and writes, atomically
 * where writes belong together, and {@link io.monkeyfleet.store.FleetChangeSubscriber}
 * delivers change messages.
 *
 * <p>
 * Blocking by design: the gateway, the only reactive service, keeps Redis off its request
 * path (it serves from an in-memory snapshot refreshed on a background thread), so one
 * blocking store serves every service. Spring Boot services get a {@code FleetStore} bean
 * from {@link io.monkeyfleet.store.FleetStoreAutoConfiguration}, configured by
 * {@code monkeyfleet.store.*} and connected by {@code spring.data.redis.*}.
 */
package io.monkeyfleet.store;
