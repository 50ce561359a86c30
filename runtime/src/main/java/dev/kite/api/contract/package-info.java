/**
 * The bodies of the REST API as types, for its OpenAPI document (decision 0022): what each
 * answer and request holds, with types, {@code required}, enums and examples. The resources build
 * their answers as JSON trees in the same shape (no copying into these objects on the hot path);
 * {@code OpenApiContractTest} checks the document, and {@code GeneratedClientIT} (testing/) that a client
 * made from it reads real answers.
 */
package dev.kite.api.contract;
