import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessCreditHttpController } from './assess-credit/assess-credit.http.controller';
import { ChangeCustomerClassHttpController } from './change-customer-class/change-customer-class.http.controller';
import { GetCustomerHandler } from './get-customer/get-customer.query-handler';
import { GetCustomerHttpController } from './get-customer/get-customer.http.controller';
import { GrantDiscountHttpController } from './grant-discount/grant-discount.http.controller';
import { ListCustomersHandler } from './list-customers/list-customers.query-handler';
import { ListCustomersHttpController } from './list-customers/list-customers.http.controller';
import { PayCustomerReferralRewardHttpController } from './pay-referral-reward/pay-referral-reward.http.controller';
import { PlaceOrderHttpController } from './place-order/place-order.http.controller';
import { RecordPaymentHttpController } from './record-payment/record-payment.http.controller';
import { RecordReturnHttpController } from './record-return/record-return.http.controller';
import { RegisterCustomerHttpController } from './register-customer/register-customer.http.controller';
import { SignContractHttpController } from './sign-contract/sign-contract.http.controller';
import { UpdateCustomerProfileHttpController } from './update-customer-profile/update-customer-profile.http.controller';
import { VerifyIdentityHttpController } from './verify-identity/verify-identity.http.controller';

@Module({
  imports: [CqrsModule],
  controllers: [
    AssessCreditHttpController,
    ChangeCustomerClassHttpController,
    GetCustomerHttpController,
    GrantDiscountHttpController,
    ListCustomersHttpController,
    PayCustomerReferralRewardHttpController,
    PlaceOrderHttpController,
    RecordPaymentHttpController,
    RecordReturnHttpController,
    RegisterCustomerHttpController,
    SignContractHttpController,
    UpdateCustomerProfileHttpController,
    VerifyIdentityHttpController,
  ],
  providers: [
    GetCustomerHandler,
    ListCustomersHandler,
  ],
})
export class CustomersModule {}
