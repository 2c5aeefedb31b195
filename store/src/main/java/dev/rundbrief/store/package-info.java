/**
 * The one database of a workspace, SQLite or PostgreSQL, given as a {@link
 * dev.rundbrief.store.StoreLocation}: articles, issues and feed-source state ({@link
 * dev.rundbrief.store.ArticleStore}), subscribers with double opt-in states, consent records and
 * sign-up tokens ({@link dev.rundbrief.store.SubscriberStore}), the delivery journal ({@link
 * dev.rundbrief.store.DeliveryJournal}) and bounce records ({@link dev.rundbrief.store.BounceLog}),
 * with one schema history kept by Flyway.
 *
 * <p>JDBC and Flyway are used inside this package; neither appears in its public API.
 */
package dev.rundbrief.store;
