/**
 * CARv1 (ipld/specs {@code transport/car/carv1}): a streaming, verifying {@link io.hypha.node.car.CarReader},
 * a {@link io.hypha.node.car.CarWriter}, {@link io.hypha.node.car.CarImport} into a blockstore and
 * {@link io.hypha.node.car.CarExport} of DAGs in Kubo's {@code dag export} order. Only the DAG-CBOR a CAR
 * header needs is implemented here (plus finding tag-42 links in DAG-CBOR blocks during export).
 *
 * <p>CARv2 is not read: its pragma is rejected with a message saying so.
 */
package io.hypha.node.car;
