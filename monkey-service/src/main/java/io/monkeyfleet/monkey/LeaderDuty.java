package io.monkeyfleet.monkey;

/**
 * Work the acting replica does at the end of each tick, after the monkeys' own: serving
 * the operators' requests from the admin API, publishing its status for the other
 * replicas. Only the leader runs it, so whatever it carries out is carried out once. A
 * duty handles its own failures; one that throws ends the tick's remaining duties.
 */
@FunctionalInterface
public interface LeaderDuty {

	void perform(LeaderTick tick);

}
