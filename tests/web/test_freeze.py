import gc

from corridor.web import freeze_startup_objects


def test_freeze_startup_objects_moves_them_out_of_the_collectors_reach():
    gc.unfreeze()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
