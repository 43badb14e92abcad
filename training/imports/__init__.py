"""The graduate import's engine (CONTRACT §3): the columns, the hostile-file checks and readers, row validation in
batches and the batched writes of a validated plan. training.services.graduates is its one caller."""
